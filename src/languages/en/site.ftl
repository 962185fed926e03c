# Messages for everything on a page that is not statement text.
# Keep ids identical in every language; `diglot check` compares them.

site-name = Statements on international justice
site-tagline = Statements published in English and French
nav-home = Home
nav-statements = Statements
skip-to-content = Skip to content
press-release = Press release
# $date: the statement's date, ISO YYYY-MM-DD
dateline = Press release: { DATETIME($date) }
published-on = Published on { DATETIME($date) }
language-switcher = Language
lang-en = English
lang-fr = Français
choose-language = Choose a language
home-title = Statements
home-intro = Press releases and statements, newest first.
# $count: number of statements on the home page
statement-count = { $count ->
    [one] { $count } statement published.
   *[other] { $count } statements published.
}
read-more = Read the statement
# Mark of a draft in the preview (`diglot serve`); never published.
draft-label = Draft, not published
untranslated-notice = This passage has not been translated yet and is shown in English.
footer-note = Published in English and French. Both versions are equally authoritative.
feed-title = Statements — English
feed-subscribe = Subscribe to new statements (Atom feed)
# Proof pages (`diglot build --proof`), for reviewers only.
proof-title = Proof
proof-status = Status
proof-approved = approved
proof-unreviewed = unreviewed
proof-missing = missing
# How each translation was obtained, as `diglot import` recorded it.
# $score: the score of the memory candidate the translator started from.
proof-obtained-new = new translation
proof-obtained-fuzzy-edited = { $score ->
    [101] edited in-context match (101%)
    [100] edited exact match (100%)
   *[other] edited fuzzy match { $score }%
}
proof-obtained-fuzzy-accepted = fuzzy match { $score }% kept as it was
proof-obtained-exact = exact match reused (100%)
proof-obtained-in-context = in-context match reused (101%)
proof-obtained-substituted = { $score }% match reused, numbers and dates substituted
proof-obtained-reused = reuse of the translation approved for another context
proof-obtained-unknown = origin not recorded
# $file: the exchange file imported; $id: the import's id; $date: ISO date
proof-imported = imported from { $file } (import { $id }) on { DATETIME($date) }
# $by: import, import-approve or approve; $date: ISO date
proof-approved-on = { $by ->
    [approve] approved with diglot approve on { DATETIME($date) }
    [import-approve] approved at import (import --approve) on { DATETIME($date) }
   *[import] approved in the exchange file (recorded on { DATETIME($date) })
}
proof-diff = Changes to the memory candidate
proof-findings = QA findings
