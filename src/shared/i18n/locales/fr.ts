/** Messages of the shared kernel: layout, error pages, validation. French is the reference. */
export const fr = {
  app: {
    name: 'Terrain',
    skipToContent: 'Aller au contenu',
    mainNavigation: 'Navigation principale',
    language: 'Langue',
    languageNames: { fr: 'Français', en: 'English' },
    footer: 'Terrain, plateforme libre de mobilisation',
  },
  errors: {
    backHome: "Revenir à l'accueil",
    status400: { title: 'Requête invalide', body: 'La demande envoyée est incomplète ou mal formée.' },
    status403: { title: 'Accès refusé', body: "Vous n'avez pas accès à cette page." },
    csrf: {
      title: 'Formulaire expiré',
      body: 'Ce formulaire a expiré ou ne vient pas de Terrain. Rechargez la page et recommencez.',
    },
    status404: { title: 'Page introuvable', body: "Cette page n'existe pas ou vous n'y avez pas accès." },
    status405: { title: 'Action impossible', body: "Cette action n'est pas possible à cette adresse." },
    status409: { title: 'Action impossible', body: "Cette action entre en conflit avec l'état actuel des données." },
    status410: { title: 'Lien expiré', body: "Ce lien n'est plus valable." },
    status413: {
      title: 'Envoi trop volumineux',
      body: 'Le fichier ou le formulaire envoyé dépasse la taille permise.',
    },
    status429: {
      title: 'Trop de requêtes',
      body: 'Vous êtes allé un peu vite. Réessayez dans une minute.',
    },
    status500: {
      title: 'Erreur du serveur',
      body: "Quelque chose s'est mal passé de notre côté. Réessayez dans un instant ; si cela continue, prévenez votre administrateur.",
    },
    status503: {
      title: 'Service indisponible',
      body: 'Terrain est momentanément indisponible. Réessayez dans un instant.',
    },
  },
  form: {
    errorSummary_one: 'Le formulaire contient une erreur.',
    errorSummary_other: 'Le formulaire contient {{count}} erreurs.',
    required: 'obligatoire',
  },
  validation: {
    isNotEmpty: 'Ce champ est obligatoire.',
    isDefined: 'Ce champ est obligatoire.',
    isEmail: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    maxLength: 'Pas plus de {{max}} caractères.',
    minLength: 'Au moins {{min}} caractères.',
    isString: 'Ce champ doit être un texte.',
    isInt: 'Saisissez un nombre entier.',
    min: 'La valeur doit être au moins {{min}}.',
    max: 'La valeur doit être au plus {{max}}.',
    isIn: 'Choisissez une valeur de la liste.',
    isDateString: 'Saisissez une date valide.',
    isBoolean: 'Cochez ou décochez cette case.',
    matches: "Le format n'est pas valide.",
    invalid: "Cette valeur n'est pas valide.",
  },
};
