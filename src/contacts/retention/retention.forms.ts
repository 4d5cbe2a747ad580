import { IsBoolean, IsISO8601, IsOptional, Matches } from 'class-validator';

/** Settings › contacts: months without interaction before a contact is proposed for purging; blank = off. */
export class RetentionSettingsForm {
  // 1 to 240, as the table's check says; blank (absent) turns the rule off.
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|2[0-3]\d|240)$/, { message: 'contacts:gdpr.settings.badMonths' })
  retentionMonths?: string;
}

/** The purge's confirmation: what the preview showed (its cutoff and count), and the box ticked. */
export class PurgeForm {
  @IsISO8601({ strict: true }, { message: 'common:validation.invalid' })
  cutoff: string;

  @Matches(/^\d{1,9}$/, { message: 'common:validation.invalid' })
  count: string;

  @IsBoolean()
  confirm: boolean;
}
