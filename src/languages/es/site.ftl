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
proof-in-context = coincidencia en contexto
proof-exact = coincidencia exacta
proof-findings = Observaciones del control de calidad
