import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsEmail,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { GENDERS, type Gender } from '../contacts/contact.entity';

export const CONSENT_CHOICES = ['granted', 'refused'] as const;
export type ConsentChoice = (typeof CONSENT_CHOICES)[number];

/** The contact form, desktop or field. Rules that need the space (the level exists) are the service's. */
export class ContactForm {
  @IsOptional()
  @MaxLength(100, { context: { max: 100 } })
  firstName?: string;

  @IsOptional()
  @MaxLength(100, { context: { max: 100 } })
  lastName?: string;

  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @IsOptional()
  @IsDateString({ strict: true }, { message: 'common:validation.isDateString' })
  birthDate?: string;

  @IsOptional()
  @IsEmail({}, { message: 'common:validation.isEmail' })
  @MaxLength(254, { context: { max: 254 } })
  email?: string;

  @IsOptional()
  @MaxLength(40, { context: { max: 40 } })
  phone?: string;

  @IsOptional()
  @MaxLength(20, { context: { max: 20 } })
  streetNumber?: string;

  @IsOptional()
  @MaxLength(200, { context: { max: 200 } })
  street?: string;

  @IsOptional()
  @MaxLength(10, { context: { max: 10 } })
  postcode?: string;

  @IsOptional()
  @MaxLength(100, { context: { max: 100 } })
  city?: string;

  @IsOptional()
  @Matches(/^\d[\dAB]\d{3}$/, { message: 'contacts:form.badInsee' })
  inseeCode?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(String(value).replace(',', '.'))))
  @IsLatitude({ message: 'contacts:form.badLatitude' })
  latitude?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(String(value).replace(',', '.'))))
  @IsLongitude({ message: 'contacts:form.badLongitude' })
  longitude?: number;

  @IsOptional()
  @IsUUID('all', { message: 'common:validation.invalid' })
  supportLevelId?: string;

  /** Comma-separated in the form. */
  @IsOptional()
  @MaxLength(1000, { context: { max: 1000 } })
  tags?: string;

  @IsOptional()
  @MaxLength(5000, { context: { max: 5000 } })
  notes?: string;

  @IsOptional()
  @IsIn(CONSENT_CHOICES)
  consentEmail?: ConsentChoice;

  @IsOptional()
  @IsIn(CONSENT_CHOICES)
  consentSms?: ConsentChoice;

  @IsOptional()
  @IsIn(CONSENT_CHOICES)
  consentPhone?: ConsentChoice;

  @IsOptional()
  @IsIn(CONSENT_CHOICES)
  consentPost?: ConsentChoice;
}

/** "école, transports ,École" → ["école", "transports"]: trimmed, at most 50 characters, no duplicates. */
export function parseTags(text: string | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(/[,;]/)) {
    const tag = raw.trim().replace(/\s+/g, ' ').slice(0, 50);
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  }
  return tags;
}
