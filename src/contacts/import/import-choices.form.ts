import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CSV_ENCODINGS, type CsvEncoding } from './csv-inspection';
import type { MatchMode } from './contact-import.entity';

export const MATCH_MODES: readonly MatchMode[] = ['fill', 'overwrite', 'skip'];

/**
 * The mapping page's fixed choices; the columns (`column_0`, `column_1`…) vary with the
 * file and are read by `readColumnChoices`.
 */
export class ImportChoicesForm {
  @IsIn(MATCH_MODES)
  mode: MatchMode;

  @IsOptional()
  @IsBoolean()
  keepValidRows?: boolean;

  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}
