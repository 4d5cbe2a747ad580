export const duplicatesFr = {
  title: 'Doublons',
  intro:
    'Contacts qui semblent être une même personne : même adresse e-mail, même téléphone, mêmes prénom et nom avec la même date de naissance ou la même adresse (majuscules et accents indifférents). Une valeur partagée par plus de {{max}} contacts (un standard, une adresse collective) n’est pas proposée.',
  bulkLink: 'Fusionner les doublons sans conflit',
  historyLink: 'Historique des fusions',
  filterLabel: 'Règle de détection',
  allRules: 'Toutes les règles',
  rules: {
    email: 'Même adresse e-mail',
    phone: 'Même téléphone',
    birth: 'Même nom et même date de naissance',
    address: 'Même nom et même adresse',
  },
  none: 'Aucun doublon à examiner.',
  noneForRule: 'Aucun doublon à examiner pour cette règle.',
  createdAt: 'Créé le',
  mergeLink: 'Fusionner…',
  notDuplicates: 'Ce ne sont pas des doublons',
  notDuplicatesConfirm: 'Ces contacts sont-ils bien des personnes différentes ? Ils ne seront plus proposés ensemble.',
  notDuplicatesDone: 'C’est noté : ces contacts ne seront plus proposés comme doublons.',
  more: 'Afficher les suivants',
  back: 'Retour aux doublons',
  errors: {
    gone: 'L’un de ces contacts a été fusionné, effacé ou supprimé entre-temps. Rechargez la liste des doublons.',
    badGroup: 'Ce groupe de contacts n’est pas valide.',
    changed:
      'L’un de ces contacts vient d’être fusionné ou supprimé par quelqu’un d’autre : rien n’a été fusionné. Rechargez la page.',
  },
  merge: {
    title: 'Fusionner des contacts',
    intro:
      'Choisissez la fiche principale puis, pour chaque champ dont les valeurs diffèrent, celle à garder. Les autres fiches disparaissent de la liste : la fiche principale les réunit.',
    created: 'Créé le {{date}} · {{origin}}',
    master: 'Fiche principale',
    masterChoice: 'Garder cette fiche',
    include: 'Fusion',
    includeChoice: 'Inclure',
    noChoice: 'rien à choisir',
    combineNotes: 'Garder toutes les notes, à la suite les unes des autres',
    combinedTitle: 'Réuni automatiquement',
    tags: 'Étiquettes : toutes celles des fiches fusionnées :',
    consents:
      'Consentements : pour chaque canal, la décision la plus récente ; tout l’historique des décisions est gardé.',
    doNotContact: '« Ne plus contacter » : l’une de ces personnes l’a demandé, la fiche fusionnée le garde.',
    noDoNotContact: '« Ne plus contacter » : personne ne l’a demandé.',
    timelines: 'Historiques : les entrées de toutes les fiches sont réunies sur la fiche principale.',
    undoHint: 'La fusion peut être annulée pendant 30 jours depuis l’historique des fusions.',
    submit: 'Fusionner',
    twoAtLeast: 'Incluez au moins deux contacts.',
    masterRequired: 'Choisissez la fiche principale parmi les contacts inclus.',
    chooseValue: 'Choisissez la valeur à garder.',
    done_one: 'Fusion faite : {{count}} fiche réunie à celle-ci.',
    done_other: 'Fusion faite : {{count}} fiches réunies à celle-ci.',
  },
  bulk: {
    title: 'Fusionner les doublons sans conflit',
    summary_one:
      '{{count}} groupe ({{contacts}} contacts) peut être fusionné sans rien choisir : pour chaque champ, ses contacts ont la même valeur ou une seule valeur.',
    summary_other:
      '{{count}} groupes ({{contacts}} contacts) peuvent être fusionnés sans rien choisir : pour chaque champ, leurs contacts ont la même valeur ou une seule valeur.',
    explain:
      'Dans chaque groupe, le contact le plus ancien devient la fiche principale ; étiquettes, historiques et consentements sont réunis. Chaque fusion peut être annulée pendant 30 jours depuis l’historique des fusions.',
    confirm_one: 'Je confirme la fusion de {{count}} groupe ({{contacts}} contacts)',
    confirm_other: 'Je confirme la fusion de {{count}} groupes ({{contacts}} contacts)',
    confirmRequired: 'Cochez la case pour confirmer.',
    submit: 'Fusionner',
    nothing: 'Aucun groupe ne peut être fusionné sans choix : examinez les doublons un par un.',
    changed:
      'Les doublons ont changé depuis l’affichage de cette page : vérifiez les nouveaux chiffres et confirmez de nouveau.',
    done_one: '{{count}} groupe fusionné ({{contacts}} contacts).',
    done_other: '{{count}} groupes fusionnés ({{contacts}} contacts).',
  },
  history: {
    title: 'Historique des fusions',
    intro:
      'Une fusion peut être annulée pendant {{days}} jours : la fiche principale retrouve ses valeurs d’avant, les autres fiches reviennent avec leur historique et leurs consentements.',
    date: 'Date',
    master: 'Fiche principale',
    merged: 'Fiches fusionnées',
    by: 'Par',
    state: 'Annulation',
    none: 'Aucune fusion pour l’instant.',
    undo: 'Annuler la fusion',
    undoConfirm:
      'Annuler cette fusion ? Les fiches fusionnées reviennent telles qu’elles étaient et la fiche principale retrouve ses valeurs d’avant la fusion : les modifications faites depuis sur elle sont perdues.',
    until: 'possible jusqu’au {{date}}',
    undone: 'Annulée le {{date}}',
    final: 'Définitive',
  },
  undo: {
    done: 'Fusion annulée : les fiches sont de nouveau distinctes.',
    refused: {
      alreadyUndone: 'Cette fusion a déjà été annulée.',
      tooOld: 'Cette fusion date de plus de {{days}} jours : elle ne peut plus être annulée.',
      contactGone:
        'L’une des fiches fusionnées a été effacée ou supprimée depuis : la fusion ne peut plus être annulée.',
      masterGone: 'La fiche principale a été effacée depuis : la fusion ne peut plus être annulée.',
      laterMerge: 'La fiche principale a été fusionnée de nouveau depuis : annulez d’abord la fusion la plus récente.',
      damaged: 'Cette fusion ne peut pas être annulée : les données de son retour en arrière sont incomplètes.',
    },
  },
};
