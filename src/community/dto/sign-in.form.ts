import { IsEmail, IsNotEmpty, MaxLength } from 'class-validator';

export class SignInForm {
  @IsNotEmpty()
  @IsEmail({}, { message: 'common:validation.isEmail' })
  @MaxLength(254, { context: { max: 254 } })
  email: string;

  // No rule on the content here: a sign-in form only checks that something was typed.
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;
}
