import { IsArray, IsIn, IsNotEmpty, IsOptional, IsUrl, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export class DocumentForm {
  @IsNotEmpty()
  @MaxLength(150, { context: { max: 150 } })
  title: string;

  @IsIn(['file', 'link'])
  kind: 'file' | 'link';

  @ValidateIf((form: DocumentForm) => form.kind === 'link')
  @IsNotEmpty()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'community:documents.badUrl' })
  @MaxLength(2000, { context: { max: 2000 } })
  url?: string;

  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  teamIds?: string[];
}
