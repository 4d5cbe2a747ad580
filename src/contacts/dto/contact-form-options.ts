import { CHANNELS, GENDERS } from '../contacts/contact.entity';

/** The choices of the contact form's lists. */
export const CONTACT_FORM_OPTIONS = {
  genders: GENDERS.map((gender) => ({ value: gender, label: `contacts:genders.${gender}` })),
  consents: CHANNELS.map((channel) => ({ channel, name: `consent${channel[0].toUpperCase()}${channel.slice(1)}` })),
};
