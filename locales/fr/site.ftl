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
# Comment chaque traduction a été obtenue, d’après `diglot import`.
# $score : le score de la correspondance de la mémoire proposée au traducteur.
proof-obtained-new = nouvelle traduction
proof-obtained-fuzzy-edited = { $score ->
    [101] correspondance en contexte modifiée (101 %)
    [100] correspondance exacte modifiée (100 %)
   *[other] correspondance floue modifiée, { $score } %
}
proof-obtained-fuzzy-accepted = correspondance floue à { $score } % gardée telle quelle
proof-obtained-exact = correspondance exacte réutilisée (100 %)
proof-obtained-in-context = correspondance en contexte réutilisée (101 %)
proof-obtained-substituted = correspondance à { $score } % réutilisée, nombres et dates substitués
proof-obtained-reused = reprise de la traduction approuvée dans un autre contexte
proof-obtained-unknown = origine non enregistrée
# $file : le fichier d’échange importé ; $id : l’identifiant de l’import ; $date : date ISO
proof-imported = importée de { $file } (import { $id }) le { DATETIME($date) }
# $by : import, import-approve ou approve ; $date : date ISO
proof-approved-on = { $by ->
    [approve] approuvée avec diglot approve le { DATETIME($date) }
    [import-approve] approuvée à l’import (import --approve) le { DATETIME($date) }
   *[import] approuvée dans le fichier d’échange (enregistrée le { DATETIME($date) })
}
proof-diff = Modifications apportées à la correspondance de la mémoire
proof-findings = Constats de contrôle qualité
