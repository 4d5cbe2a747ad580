import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number as typed ("06 61 84 80 73", "+33 6…", "0033 6…") → E.164
 * ("+33661848073"), France unless the number says otherwise; null when it is not a
 * valid number.
 */
export function toE164(typed: string): string | null {
  const cleaned = typed.trim().replace(/^00/, '+');
  const phone = parsePhoneNumberFromString(cleaned, 'FR');
  return phone?.isValid() ? phone.number : null;
}

/** For display: "+33 6 61 84 80 73". */
export function formatPhone(e164: string | null): string {
  if (!e164) return '';
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
