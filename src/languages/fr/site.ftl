# Messages de tout ce qui, sur une page, n’est pas le texte d’une déclaration.
# Les identifiants sont les mêmes dans chaque langue ; `diglot check` les compare.

site-name = Déclarations sur la justice internationale
site-tagline = Déclarations publiées en anglais et en français
nav-home = Accueil
nav-statements = Déclarations
skip-to-content = Aller au contenu
press-release = Communiqué de presse
# $date : date de la déclaration, AAAA-MM-JJ
dateline = Communiqué de presse : { DATETIME($date) }
published-on = Publié le { DATETIME($date) }
language-switcher = Langue
lang-en = English
lang-fr = Français
choose-language = Choisissez une langue
home-title = Déclarations
home-intro = Communiqués et déclarations, du plus récent au plus ancien.
# $count : nombre de déclarations sur la page d’accueil
statement-count = { $count ->
    [one] { $count } déclaration publiée.
    [many] { $count } de déclarations publiées.
   *[other] { $count } déclarations publiées.
}
read-more = Lire la déclaration
# Marque d’un brouillon dans l’aperçu (`diglot serve`) ; jamais publié.
draft-label = Brouillon, non publié
untranslated-notice = Ce passage n’a pas encore été traduit et s’affiche en anglais.
footer-note = Publié en anglais et en français. Les deux versions font également foi.
feed-title = Déclarations — français
feed-subscribe = S’abonner aux nouvelles déclarations (fil Atom)
# Pages d’épreuve (`diglot build --proof`), pour les réviseurs seulement.
proof-title = Épreuve
proof-status = État
proof-approved = approuvée
proof-unreviewed = non révisée
proof-missing = manquante
proof-in-context = correspondance en contexte
proof-exact = correspondance exacte
proof-findings = Constats de contrôle qualité
