import { IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../../shared/auth/roles';

export class RoleForm {
  @IsIn(ROLES)
  role: Role;
}

export class MemberFilterForm {
  @IsOptional()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  team?: string;

  @IsOptional()
  @MaxLength(500)
  after?: string;
}
