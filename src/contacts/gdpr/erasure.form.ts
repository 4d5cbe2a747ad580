import { IsNotEmpty, MaxLength } from 'class-validator';

/** The erasure's confirmation: the contact's name (or the fixed word), typed by hand. */
export class ErasureForm {
  @IsNotEmpty()
  @MaxLength(300, { context: { max: 300 } })
  name: string;
}
