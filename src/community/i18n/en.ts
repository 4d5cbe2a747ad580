import type { Translation } from '../../shared/i18n/catalogue';
import type { fr } from './fr';

export const en: Translation<typeof fr> = {
  signIn: {
    title: 'Sign in',
    intro: 'Sign in to find your spaces, your actions and your contacts.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Incorrect email address or password.',
    signedOut: 'You are signed out.',
  },
};
