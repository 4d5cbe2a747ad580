import { IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../../shared/auth/roles';

export class InvitationForm {
  @IsOptional()
  @MaxLength(50_000, { context: { max: 50000 } })
  emails?: string;

  @IsIn(ROLES)
  role: Role;

  @IsOptional()
  @IsUUID('all', { message: 'common:validation.invalid' })
  teamId?: string;
}
