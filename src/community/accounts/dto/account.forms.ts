import { IsEmail, IsIn, IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../../../shared/i18n/languages';

const EMAIL_MESSAGE = { message: 'common:validation.isEmail' };

export class SignInForm {
  @IsNotEmpty()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(254, { context: { max: 254 } })
  email: string;

  // No rule on the content here: a sign-in form only checks that something was typed.
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;
}

export class SignUpForm {
  @IsNotEmpty()
  @MaxLength(120, { context: { max: 120 } })
  name: string;

  @IsNotEmpty()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(254, { context: { max: 254 } })
  email: string;

  // Length, leaked lists and names are checked by the password policy (its own messages).
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;

  @IsOptional()
  @MaxLength(20, { context: { max: 20 } })
  inviteCode?: string;
}

export class EmailForm {
  @IsNotEmpty()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(254, { context: { max: 254 } })
  email: string;
}

export class NewPasswordForm {
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;
}

export class ProfileForm {
  @IsNotEmpty()
  @MaxLength(120, { context: { max: 120 } })
  name: string;

  @IsIn(LANGUAGES)
  language: Language;
}

export class PasswordChangeForm {
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  currentPassword: string;

  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  newPassword: string;

  @IsOptional()
  signOutEverywhere?: boolean;
}

export class EmailChangeForm {
  @IsNotEmpty()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(254, { context: { max: 254 } })
  newEmail: string;

  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;
}
