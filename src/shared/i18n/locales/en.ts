import type { Translation } from '../catalogue';
import type { fr } from './fr';

export const en: Translation<typeof fr> = {
  app: {
    name: 'Terrain',
    skipToContent: 'Skip to content',
    mainNavigation: 'Main navigation',
    language: 'Language',
    languageNames: { fr: 'Français', en: 'English' },
    footer: 'Terrain, the free mobilisation platform',
  },
  errors: {
    backHome: 'Back to the home page',
    status400: { title: 'Bad request', body: 'The request was incomplete or malformed.' },
    status403: { title: 'Access denied', body: 'You do not have access to this page.' },
    csrf: {
      title: 'Form expired',
      body: 'This form has expired or did not come from Terrain. Reload the page and try again.',
    },
    status404: { title: 'Page not found', body: 'This page does not exist or you do not have access to it.' },
    status405: { title: 'Not possible here', body: 'This action is not possible at this address.' },
    status409: { title: 'Not possible', body: 'This action conflicts with the current state of the data.' },
    status410: { title: 'Link expired', body: 'This link is no longer valid.' },
    status413: { title: 'Upload too large', body: 'The file or form you sent is larger than allowed.' },
    status429: { title: 'Too many requests', body: 'You went a little fast. Try again in a minute.' },
    status500: {
      title: 'Server error',
      body: 'Something went wrong on our side. Try again in a moment; if it goes on, tell your administrator.',
    },
    status503: { title: 'Service unavailable', body: 'Terrain is unavailable for a moment. Try again shortly.' },
  },
  form: {
    errorSummary_one: 'The form has one error.',
    errorSummary_other: 'The form has {{count}} errors.',
    required: 'required',
  },
  validation: {
    isNotEmpty: 'This field is required.',
    isDefined: 'This field is required.',
    isEmail: 'Enter a valid email address, for example name@example.org.',
    maxLength: 'No more than {{max}} characters.',
    minLength: 'At least {{min}} characters.',
    isString: 'This field must be text.',
    isInt: 'Enter a whole number.',
    min: 'The value must be at least {{min}}.',
    max: 'The value must be at most {{max}}.',
    isIn: 'Choose a value from the list.',
    isDateString: 'Enter a valid date.',
    isBoolean: 'Tick or untick this box.',
    matches: 'The format is not valid.',
    invalid: 'This value is not valid.',
  },
};
