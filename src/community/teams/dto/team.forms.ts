import { IsNotEmpty, IsUUID, MaxLength } from 'class-validator';

export class TeamNameForm {
  @IsNotEmpty()
  @MaxLength(80, { context: { max: 80 } })
  name: string;
}

export class TeamMemberForm {
  @IsUUID('all', { message: 'common:validation.isNotEmpty' })
  accountId: string;
}
