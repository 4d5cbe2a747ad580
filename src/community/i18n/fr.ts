export const fr = {
  signIn: {
    title: 'Connexion',
    intro: 'Connectez-vous pour retrouver vos espaces, vos actions et vos contacts.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    failed: 'Adresse e-mail ou mot de passe incorrect.',
    signedOut: 'Vous êtes déconnecté.',
  },
};
