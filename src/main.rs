//! The `diglot` binary: parse arguments, call the library, map outcomes to
//! exit codes (0 ok, 1 check or validation failures, 2 usage or I/O errors).

use anyhow::Context;
use clap::Parser;
use diglot::cli::{
    Annotations, Cli, Command, Format, ReportFormat, TmCommand, XliffCommand, XliffOutput,
};
use diglot::project::{
    BuildOptions, ExportOptions, ImportOptions, Project, ProjectError, TmExportFormat, XliffVersion,
};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status of a command.
enum Outcome {
    Ok,
    Failed,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            let validation = e
                .downcast_ref::<ProjectError>()
                .map(|p| p.is_validation())
                .unwrap_or(false);
            eprintln!("error: {e:#}");
            ExitCode::from(if validation { 1 } else { 2 })
        }
    }
}

fn open(project: &Option<PathBuf>) -> anyhow::Result<Project> {
    Ok(match project {
        Some(dir) => Project::open(dir)?,
        None => Project::discover(
            &std::env::current_dir().context("cannot read the current directory")?,
        )?,
    })
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Init {
            dir,
            source_language,
            target_languages,
            base_url,
        } => {
            let root = match dir.or(cli.project) {
                Some(d) => d,
                None => std::env::current_dir().context("cannot read the current directory")?,
            };
            let options = diglot::scaffold::InitOptions {
                source_language,
                target_languages: if target_languages.is_empty() {
                    vec!["fr".into()]
                } else {
                    target_languages
                },
                base_url,
            };
            let report = diglot::scaffold::init(&root, &options)?;
            for l in &report.untranslated_messages {
                eprintln!("warning: locales/{l}/site.ftl is a copy of the source-language messages: translate it");
            }
            if !quiet {
                for p in &report.written {
                    println!("wrote {}", root.join(p).display());
                }
                println!(
                    "project started in {}: write statements in {}, then run `diglot build`",
                    root.display(),
                    root.join("corpus/statements").display()
                );
            }
            Ok(Outcome::Ok)
        }
        Command::Segment {
            file,
            lang,
            format,
            rules,
            clean,
            pdf,
        } => segment(
            &cli.project,
            file,
            lang,
            format,
            rules,
            clean.then_some(pdf),
        ),
        Command::Build {
            out,
            allow_incomplete,
            proof,
        } => {
            let project = open(&cli.project)?;
            for i in &project.segmenter_issues {
                eprintln!("warning: {i}");
            }
            let bar = progress_bar(quiet);
            let report = project.build(
                &BuildOptions {
                    out,
                    allow_incomplete,
                    proof,
                },
                &|done, total| {
                    if let Some(b) = &bar {
                        b.set_length(total as u64);
                        b.set_position(done as u64);
                    }
                },
            )?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            if !report.missing.is_empty() {
                for m in &report.missing {
                    eprintln!(
                        "{}{m}",
                        if allow_incomplete {
                            "warning: "
                        } else {
                            "error: "
                        }
                    );
                }
                if !allow_incomplete {
                    eprintln!(
                        "error: {} translation(s) missing; nothing was written (use --allow-incomplete to publish the source text in their place)",
                        report.missing.len()
                    );
                    return Ok(Outcome::Failed);
                }
                eprintln!(
                    "warning: {} passage(s) published in the source language (--allow-incomplete)",
                    report.missing.len()
                );
            }
            if !quiet {
                println!(
                    "built {} statement(s) in {} language(s) ({}): {} files in {}",
                    report.statements,
                    report.languages.len(),
                    report.languages.join(", "),
                    report.files,
                    report.out.display()
                );
            }
            Ok(Outcome::Ok)
        }
        Command::Check {
            format,
            deny_warnings,
            fix,
        } => {
            let project = match open(&cli.project) {
                Ok(p) => p,
                Err(e) => {
                    // Unparseable statements are findings of the check.
                    if let Some(ProjectError::Sources(errors)) = e.downcast_ref::<ProjectError>() {
                        for err in errors {
                            eprintln!("error[source]: {err}");
                        }
                        return Ok(Outcome::Failed);
                    }
                    return Err(e);
                }
            };
            let (report, fixes) =
                diglot::check::run_with(&project, &diglot::check::Options { fix })?;
            for f in &fixes {
                eprintln!(
                    "fixed {}:{}: unit {}: [{}] {} (“{}” → “{}”)",
                    f.path.display(),
                    f.line,
                    f.unit,
                    f.rule,
                    f.message,
                    f.replaced,
                    f.replacement
                );
            }
            if fix && !quiet {
                eprintln!("{} fix(es) applied", fixes.len());
            }
            match format {
                ReportFormat::Text => {
                    if !(quiet && report.findings.is_empty()) {
                        print!("{}", report.to_text());
                    }
                }
                ReportFormat::Json => print!("{}", report.to_json_with_fixes(&fixes)),
                ReportFormat::Github => print!("{}", report.to_github()),
                ReportFormat::Junit => print!("{}", report.to_junit()),
            }
            let fail = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
            Ok(if fail { Outcome::Failed } else { Outcome::Ok })
        }
        Command::Export {
            lang,
            out,
            all,
            xliff,
            statements,
            force,
        } => {
            let project = open(&cli.project)?;
            let files = project.export(&ExportOptions {
                lang,
                out,
                all,
                xliff: XliffVersion::parse(&xliff).unwrap_or_default(),
                statements,
                force,
            })?;
            if !quiet {
                if files.is_empty() {
                    println!("nothing to translate: every segment has an approved translation (use --all to export everything)");
                }
                for f in &files {
                    println!(
                        "{}: {} unit(s) ({})",
                        f.path.display(),
                        f.units,
                        f.statement
                    );
                }
            }
            Ok(Outcome::Ok)
        }
        Command::Validate { files, format } => {
            let mut all = Vec::new();
            for f in &files {
                all.extend(diglot::project::validate_path(f)?);
            }
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&all)?),
                Format::Text => {
                    for v in &all {
                        println!("{v}");
                    }
                    if !quiet {
                        let bad: std::collections::BTreeSet<_> =
                            all.iter().map(|v| &v.path).collect();
                        println!(
                            "{} file(s) checked, {} invalid, {} violation(s)",
                            files.len(),
                            bad.len(),
                            all.len()
                        );
                    }
                }
            }
            Ok(if all.is_empty() {
                Outcome::Ok
            } else {
                Outcome::Failed
            })
        }
        Command::Tm(TmCommand::Lookup {
            text,
            lang,
            min,
            tm,
            format,
        }) => {
            let project = open(&cli.project)?;
            let lang = lang.unwrap_or_else(|| project.config.target_languages[0].clone());
            let rows = project.lookup(&text, &lang, min, &tm)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
                Format::Text => {
                    if rows.is_empty() && !quiet {
                        println!("no match at {min}% or more");
                    }
                    for r in &rows {
                        println!(
                            "{:>3}%  {:<11}  {}{}  {}",
                            r.score,
                            r.class,
                            r.unit,
                            if r.approved { "" } else { " (unreviewed)" },
                            r.origin.as_deref().unwrap_or("")
                        );
                        println!("      source: {}", r.source);
                        println!("      target: {}", r.target);
                        for sub in &r.substitutions {
                            println!(
                                "      substituted: {} → {} ({} → {})",
                                sub.source_old, sub.source_new, sub.target_old, sub.target_new
                            );
                        }
                    }
                }
            }
            Ok(Outcome::Ok)
        }
        Command::Analyze { lang, format } => {
            let project = open(&cli.project)?;
            let lang = lang.unwrap_or_else(|| project.config.target_languages[0].clone());
            let analysis = project.analyze(&lang)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&analysis)?),
                Format::Text => print!("{}", analysis.to_text()),
            }
            Ok(Outcome::Ok)
        }
        Command::Pretranslate {
            input,
            tm,
            out,
            fill,
            min,
            no_project,
        } => {
            // A project is optional: without one, only the --tm files count.
            let project = match &cli.project {
                _ if no_project => None,
                Some(d) => Some(Project::open(d)?),
                None => match std::env::current_dir()
                    .ok()
                    .and_then(|d| diglot::config::find_root(&d).ok())
                {
                    Some(root) => Some(Project::open(&root)?),
                    None => None,
                },
            };
            let fill = fill.or_else(|| project.as_ref().and_then(|p| p.config.exchange.prefill));
            let max = project
                .as_ref()
                .map(|p| p.config.exchange.max_candidates)
                .unwrap_or(3);
            let (bytes, report) =
                diglot::project::pretranslate(project.as_ref(), &input, &tm, fill, min, max)?;
            match out {
                Some(p) => diglot::fsutil::write_atomic(&p, &bytes)?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
            if !quiet {
                eprintln!(
                    "{}: {} unit(s), {} with candidates ({} → {}, {} memory unit(s))",
                    input.display(),
                    report.units,
                    report.with_candidates,
                    report.source_lang,
                    report.target_lang,
                    report.memory_units
                );
            }
            Ok(Outcome::Ok)
        }
        Command::Xliff(cmd) => xliff_command(&cli.project, cmd, quiet),
        Command::Tm(TmCommand::Import { files, lang }) => {
            let project = open(&cli.project)?;
            let report = project.tm_import(&files, lang.as_deref())?;
            if !quiet {
                for (p, n) in &report.written {
                    println!("{}: {n} reference unit(s)", p.display());
                }
                if report.skipped > 0 {
                    println!("{} pair(s) skipped (empty, or in a language the project does not translate into)", report.skipped);
                }
            }
            Ok(Outcome::Ok)
        }
        Command::Tm(TmCommand::Export { lang, format, out }) => {
            let project = open(&cli.project)?;
            let fmt = if format == "xliff" {
                TmExportFormat::Xliff(XliffVersion::V2_1)
            } else {
                TmExportFormat::Tmx
            };
            let text = project.tm_export(&lang, fmt)?;
            match out {
                Some(p) => diglot::fsutil::write_atomic(&p, text.as_bytes())?,
                None => print!("{text}"),
            }
            Ok(Outcome::Ok)
        }
        Command::Import {
            files,
            strict,
            dry_run,
            format,
        } => {
            let project = open(&cli.project)?;
            let report = project.import(&files, &ImportOptions { strict, dry_run })?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => {
                    for p in &report.problems {
                        eprintln!(
                            "{}: {p}",
                            if p.reason == "stale" {
                                "warning"
                            } else {
                                "error"
                            }
                        );
                    }
                    if !quiet {
                        println!(
                            "imported: {} approved, {} unreviewed, {} unchanged, {} untranslated, {} stale, {} rejected",
                            report.approved, report.unreviewed, report.unchanged, report.untranslated, report.stale, report.rejected
                        );
                        if report.written {
                            for m in &report.memories {
                                println!("updated {}", m.display());
                            }
                        } else if strict && (report.rejected > 0 || report.stale > 0) {
                            println!("--strict: nothing was imported");
                        } else if dry_run {
                            println!("--dry-run: the memory was not written");
                        }
                    }
                }
            }
            Ok(if report.rejected > 0 || report.stale > 0 {
                Outcome::Failed
            } else {
                Outcome::Ok
            })
        }
    }
}

fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = indicatif::ProgressBar::new(0);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} building {bar:40} {percent:>3}% {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Only show when the work lasts more than a second.
    b.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let shown = b.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            // Keep the spinner moving through steps without progress
            // (loading the memories).
            shown.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    });
    Some(b)
}

fn segment(
    project: &Option<PathBuf>,
    file: Option<PathBuf>,
    lang: Option<String>,
    format: Format,
    rules: Option<PathBuf>,
    clean: Option<bool>,
) -> anyhow::Result<Outcome> {
    // The project's configuration, when there is one, gives the default
    // language and rules.
    let (cfg, configured_rules) = configured(project);
    let lang = lang
        .or_else(|| cfg.as_ref().map(|c| c.source_language.clone()))
        .unwrap_or_else(|| "en".into());
    let rules = rules.or(configured_rules);
    let (text, path) = match file.as_deref().filter(|p| *p != Path::new("-")) {
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read standard input")?;
            (s, PathBuf::from("<stdin>"))
        }
        Some(p) => (
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?,
            p.to_path_buf(),
        ),
    };
    let text = match clean {
        Some(pdf) => {
            diglot::segment::clean::clean(&text, &diglot::segment::clean::CleanOptions { pdf })
        }
        None => text,
    };
    let (segmenter, issues) = diglot::segment::Segmenter::for_language(&lang, rules.as_deref())?;
    for i in &issues {
        eprintln!("warning: {i}");
    }
    let rows = diglot::segment_report(&text, &path, &segmenter)?;
    match format {
        Format::Text => {
            for r in &rows {
                println!("{}", r.text);
            }
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
    }
    Ok(Outcome::Ok)
}

/// The configuration of the project at `project` or around the current
/// folder, when there is one, and its segmentation rules file.
fn configured(project: &Option<PathBuf>) -> (Option<diglot::config::Config>, Option<PathBuf>) {
    let root = match project {
        Some(d) => Some(d.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| diglot::config::find_root(&d).ok()),
    };
    let cfg = root
        .as_ref()
        .and_then(|r| diglot::config::Config::load(&r.join(diglot::config::CONFIG_FILE)).ok());
    let rules = cfg
        .as_ref()
        .and_then(|c| Some(root.as_ref()?.join(c.segmentation.as_ref()?)));
    (cfg, rules)
}

/// `diglot xliff …`: run the operation, then write the result to standard
/// output, `--out` or (with `--in-place`) the input, atomically.
fn xliff_command(
    project: &Option<PathBuf>,
    cmd: XliffCommand,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    use diglot::project::XliffOperation;
    use diglot::xliff::{AnnotationScope, RemoveOptions};
    let (label, input, output, op) = match cmd {
        XliffCommand::Rewrite { input, output } => {
            ("rewrite", input, output, XliffOperation::Rewrite)
        }
        XliffCommand::Join {
            input,
            units,
            output,
        } => ("join", input, output, XliffOperation::Join { units }),
        XliffCommand::Segment {
            input,
            rules,
            output,
        } => {
            let rules = rules.or_else(|| configured(project).1);
            ("segment", input, output, XliffOperation::Segment { rules })
        }
        XliffCommand::RemoveMarkup {
            input,
            annotations,
            extensions,
            keep_namespaces,
            output,
        } => {
            let annotations = match annotations {
                Annotations::None => AnnotationScope::None,
                Annotations::All => AnnotationScope::All,
                Annotations::UserDefined => AnnotationScope::UserDefined,
            };
            let opts = RemoveOptions {
                annotations,
                foreign: extensions,
                keep_namespaces,
            };
            (
                "remove-markup",
                input,
                output,
                XliffOperation::RemoveMarkup(opts),
            )
        }
    };
    let XliffOutput { out, in_place } = output;
    let dest = if in_place { Some(input.clone()) } else { out };
    if let Some(d) = dest.as_ref().filter(|_| !in_place) {
        let same = matches!(
            (std::fs::canonicalize(d), std::fs::canonicalize(&input)),
            (Ok(a), Ok(b)) if a == b
        );
        if same {
            return Err(diglot::project::ProjectError::Usage(format!(
                "{}: --out is the input file; use --in-place to replace it",
                d.display()
            ))
            .into());
        }
    }
    let result = diglot::project::xliff_operation(&input, &op)?;
    for w in &result.warnings {
        eprintln!("warning: {w}");
    }
    if !result.violations.is_empty() {
        for v in &result.violations {
            eprintln!("{v}");
        }
        eprintln!(
            "{}: not valid XLIFF 2 ({} violation(s)); nothing written",
            input.display(),
            result.violations.len()
        );
        return Ok(Outcome::Failed);
    }
    match &dest {
        // Nothing to change: the input is left as it is.
        Some(_) if in_place && !result.changed => {}
        Some(p) => diglot::fsutil::write_atomic(p, &result.bytes)?,
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&result.bytes)?;
        }
    }
    if !quiet {
        if let Some(p) = &dest {
            eprintln!(
                "{}: {label}: {} → {}",
                input.display(),
                if result.changed {
                    "changed"
                } else {
                    "no change"
                },
                p.display()
            );
        }
    }
    Ok(Outcome::Ok)
}

/// mimalloc: the parsers and the TM index allocate many small strings (see
/// README, dependencies).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
