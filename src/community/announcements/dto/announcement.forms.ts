import { IsArray, IsBoolean, IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';

export class AnnouncementForm {
  @IsNotEmpty()
  @MaxLength(150, { context: { max: 150 } })
  title: string;

  @IsNotEmpty()
  @MaxLength(5000, { context: { max: 5000 } })
  body: string;

  @IsBoolean()
  pinned: boolean;

  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  teamIds?: string[];
}
