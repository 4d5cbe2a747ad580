import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsOptional, MaxLength } from 'class-validator';
import { EXPORT_GROUPS, type ExportGroup } from './export-columns';

/** The export page's form: the columns ticked, and the list's filter as a query string. */
export class ExportForm {
  // One ticked box arrives as a string, several as an array.
  @Transform(({ value }) => [value].flat())
  @ArrayNotEmpty({ message: 'contacts:export.noColumns' })
  @IsIn(EXPORT_GROUPS, { each: true })
  columns: ExportGroup[];

  @IsOptional()
  @MaxLength(2000)
  query?: string;
}
