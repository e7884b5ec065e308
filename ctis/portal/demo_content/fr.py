"""French draft of the portal pages: needs review by a native speaker."""

# Prose: lines stay whole so translators can compare them.
# ruff: noqa: E501
from __future__ import annotations

PAGES: dict[str, tuple[str, str, str]] = {
    "warning-signs": (
        "Signes d'alerte : des offres qui peuvent vous piéger",
        "Certaines offres de travail, de voyage ou d'aide sont des pièges. Apprenez les signes.",
        """Les trafiquants commencent souvent par une offre amicale. Ce peuvent être des inconnus, des passeurs, ou des personnes que vous connaissez et en qui vous avez confiance.

## Méfiez-vous si quelqu'un
- vous propose un emploi à l'étranger très bien payé pour un travail facile
- refuse de vous donner un contrat écrit dans une langue que vous comprenez
- vous demande de payer de grosses sommes pour le voyage, les papiers ou un emploi
- veut garder votre passeport ou votre carte d'identité
- vous dit de ne pas parler à la police, aux médecins ou aux travailleurs humanitaires
- dit que vous devez travailler pour rembourser une dette de voyage

## Avant d'accepter une offre
- Demandez le nom et l'adresse de l'employeur, et vérifiez-les.
- Dites à une personne de confiance où vous allez et comment vous joindre.
- Gardez une copie de vos documents et des numéros de téléphone importants.

Si quelque chose vous semble anormal, vous pouvez dire non. Vous pouvez d'abord demander conseil à une ligne d'assistance.""",
    ),
    "debts-and-documents": (
        "Les dettes et vos documents",
        "Personne n'a le droit de prendre vos documents ni de vous forcer à travailler pour payer une dette.",
        """Votre passeport et vos documents d'identité vous appartiennent. Un employeur, un passeur ou un logeur n'a pas le droit de les garder.

On dit à certaines personnes qu'elles doivent de l'argent pour leur voyage, leur nourriture ou un lit, et qu'elles doivent travailler jusqu'à ce que la dette soit payée. La dette ne cesse d'augmenter et elles ne peuvent pas partir. C'est ce qu'on appelle la servitude pour dettes. C'est un crime, et ce n'est pas votre faute.

## Signes que quelqu'un vous contrôle
- Vous ne pouvez pas quitter votre travail ou l'endroit où vous dormez.
- On garde votre salaire, ou il est bien plus bas que promis.
- Vous ou votre famille êtes menacés.
- On vous force à faire des choses que vous n'avez pas acceptées, comme le travail du sexe ou des délits.

Si cela vous arrive, ou arrive à quelqu'un que vous connaissez, vous pouvez obtenir de l'aide, même sans documents. Appelez la ligne contre la traite ou le numéro d'urgence.""",
    ),
    "your-rights": (
        "Vos droits",
        "Vous avez des droits, quels que soient votre nationalité ou vos papiers.",
        """Chacun a des droits humains, quels que soient sa nationalité, son statut légal ou ses papiers.

- Vous avez le droit d'être protégé de la violence, des menaces et du travail forcé.
- Vous avez droit aux soins de santé d'urgence.
- Vous pouvez demander l'asile si vous craignez pour votre sécurité dans votre pays.
- Quand la police ou des agents vous interrogent, vous pouvez demander un interprète.
- Les enfants de moins de 18 ans ont droit à une protection spéciale et à un tuteur.
- Si vous êtes victime de la traite, vous avez droit à de l'aide, à un lieu sûr où dormir, et à du temps pour vous rétablir et décider quoi faire. Vous ne devriez pas être puni pour des délits que l'on vous a forcé à commettre.

Beaucoup de services de ce site peuvent vous aider sans documents. Ils gardent confidentiel ce que vous leur dites.""",
    ),
    "get-help": (
        "Comment obtenir de l'aide",
        "Qui appeler, et ce qui se passe quand vous demandez de l'aide.",
        """Si vous êtes en danger maintenant, appelez le numéro d'urgence du pays où vous êtes.

## Lignes contre la traite des êtres humains
Une ligne d'assistance peut vous conseiller, vous aider à trouver un lieu sûr où dormir et trouver un interprète. Vous n'avez pas besoin de donner votre nom pour poser une question.

## Ce qui se passe quand vous demandez de l'aide
- Quelqu'un vous écoute, dans votre langue ou avec un interprète.
- C'est vous qui décidez ce que vous voulez faire. Vous pouvez prendre le temps de réfléchir.
- Vous pouvez recevoir des soins, un lieu sûr où dormir et des conseils juridiques.
- Si vous voulez rentrer chez vous, il existe une aide pour rentrer en sécurité.

## Aide pour les enfants
Si vous avez moins de 18 ans et voyagez seul, parlez-en à un travailleur humanitaire ou à la police. Les enfants ont droit à une protection et à un tuteur.

Utilisez « Trouver de l'aide » pour voir les services près de vous et les langues qu'on y parle.""",
    ),
}
