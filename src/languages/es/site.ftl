# Mensajes de todo lo que, en una página, no es el texto de una declaración.
# Los identificadores son los mismos en cada idioma; `diglot check` los compara.

site-name = Declaraciones sobre la justicia internacional
site-tagline = Declaraciones publicadas en varios idiomas
nav-home = Inicio
nav-statements = Declaraciones
skip-to-content = Ir al contenido
press-release = Comunicado de prensa
# $date: fecha de la declaración, AAAA-MM-DD
dateline = Comunicado de prensa: { DATETIME($date) }
published-on = Publicado el { DATETIME($date) }
language-switcher = Idioma
lang-en = English
lang-fr = Français
choose-language = Elija un idioma
home-title = Declaraciones
home-intro = Comunicados y declaraciones, del más reciente al más antiguo.
# $count: número de declaraciones en la página de inicio
statement-count = { $count ->
    [one] { $count } declaración publicada.
    [many] { $count } de declaraciones publicadas.
   *[other] { $count } declaraciones publicadas.
}
read-more = Leer la declaración
# Marca de un borrador en la vista previa (`diglot serve`); nunca se publica.
draft-label = Borrador, no publicado
untranslated-notice = Este pasaje aún no se ha traducido y se muestra en inglés.
footer-note = Publicado en varios idiomas. Todas las versiones son igualmente auténticas.
feed-title = Declaraciones — español
feed-subscribe = Suscribirse a las nuevas declaraciones (canal Atom)
# Páginas de prueba (`diglot build --proof`), solo para revisores.
proof-title = Prueba
proof-status = Estado
proof-approved = aprobada
proof-unreviewed = sin revisar
proof-missing = falta
# Cómo se obtuvo cada traducción, según `diglot import`.
# $score: la puntuación de la coincidencia de la memoria ofrecida al traductor.
proof-obtained-new = traducción nueva
proof-obtained-fuzzy-edited = { $score ->
    [101] coincidencia en contexto editada (101 %)
    [100] coincidencia exacta editada (100 %)
   *[other] coincidencia parcial editada, { $score } %
}
proof-obtained-fuzzy-accepted = coincidencia parcial del { $score } % aceptada tal cual
proof-obtained-exact = coincidencia exacta reutilizada (100 %)
proof-obtained-in-context = coincidencia en contexto reutilizada (101 %)
proof-obtained-substituted = coincidencia del { $score } % reutilizada, con números y fechas sustituidos
proof-obtained-reused = reutilización de la traducción aprobada en otro contexto
proof-obtained-unknown = origen no registrado
# $file: el archivo de intercambio importado; $id: el identificador de la importación; $date: fecha ISO
proof-imported = importada de { $file } (importación { $id }) el { DATETIME($date) }
# $by: import, import-approve o approve; $date: fecha ISO
proof-approved-on = { $by ->
    [approve] aprobada con diglot approve el { DATETIME($date) }
    [import-approve] aprobada al importar (import --approve) el { DATETIME($date) }
   *[import] aprobada en el archivo de intercambio (registrada el { DATETIME($date) })
}
proof-diff = Cambios respecto a la coincidencia de la memoria
proof-findings = Observaciones del control de calidad
