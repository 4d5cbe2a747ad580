import { IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { SPACE_MODULES, type SpaceModule } from '../../../shared/auth/modules';
import { LANGUAGES, type Language } from '../../../shared/i18n/languages';
import { SLUG_PATTERN } from '../space-identifiers';

export class NewSpaceForm {
  @IsNotEmpty()
  @MaxLength(80, { context: { max: 80 } })
  name: string;

  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'community:spaces.slugFormat' })
  slug?: string;

  @IsIn(LANGUAGES)
  language: Language;
}

export class SpaceSettingsForm {
  @IsNotEmpty()
  @MaxLength(80, { context: { max: 80 } })
  name: string;

  @IsNotEmpty()
  @Matches(SLUG_PATTERN, { message: 'community:spaces.slugFormat' })
  slug: string;

  @IsIn(LANGUAGES)
  language: Language;

  @IsOptional()
  @IsEmail({}, { message: 'common:validation.isEmail' })
  @MaxLength(254, { context: { max: 254 } })
  contactEmail?: string;
}

export class ModulesForm {
  @IsOptional()
  @IsArray()
  @IsIn(SPACE_MODULES, { each: true })
  modules?: SpaceModule[];
}

export class JoinForm {
  @IsNotEmpty()
  @MaxLength(20, { context: { max: 20 } })
  code: string;
}
