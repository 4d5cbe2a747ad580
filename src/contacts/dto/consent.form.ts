import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { CHANNELS, type Channel } from '../contacts/contact.entity';

/** One decision recorded on the sheet: channel, granted or refused, and its proof. */
export class ConsentForm {
  @IsIn(CHANNELS)
  channel: Channel;

  @IsIn(['granted', 'refused'])
  decision: 'granted' | 'refused';

  @IsOptional()
  @MaxLength(300, { context: { max: 300 } })
  proof?: string;
}
