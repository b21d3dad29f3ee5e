import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ExtensibleDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';

/** Valid values for the state of a batch job (TMF620 JobStateType). */
export const JOB_STATES = ['Not Started', 'Running', 'Succeeded', 'Failed'];

/** What import and export jobs share; the server sets all of it but `contentType` and `path`. */
class CatalogJobDto extends ExtensibleDto {
  /** Date at which the job was completed (set by the server). */
  @IsOptional()
  @IsDateTime()
  completionDate?: string;

  /** The format of the file: `application/json`, the only one (set when absent). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contentType?: string;

  /** Date at which the job was created (set by the server). */
  @IsOptional()
  @IsDateTime()
  creationDate?: string;

  /** Reason for failure, when the status is Failed (set by the server). */
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  errorLog?: string;

  /** The catalog collection the job covers (`productOffering`, its path or URL); absent for the whole catalog. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  path?: string;

  /** Status of the job (JobStateType: Not Started, Running, Succeeded, Failed; set by the server). */
  @IsOptional()
  @ApiProperty({ required: false, enum: JOB_STATES, enumName: 'JobStateType' }) // the plugin cannot infer an enum from IsIn
  @IsIn(JOB_STATES)
  status?: string;
}

/** TMF620 ImportJob_Create: a task used to import resources from a file. */
@ApiSchema({ name: 'ImportJob_Create' })
export class ImportJobCreateDto extends CatalogJobDto {
  /** URL of the file to import: an export of this service, or a URL under a prefix of IMPORT_URL_ALLOWLIST. */
  @IsString()
  @MaxLength(2000)
  url!: string;
}

/** TMF620 ImportJob as returned by the API. */
@ApiSchema({ name: 'ImportJob' })
export class ImportJobDto extends ImportJobCreateDto {
  /** Identifier of the import job. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the import job. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

/** TMF620 ExportJob_Create: a task used to export resources to a file. */
@ApiSchema({ name: 'ExportJob_Create' })
export class ExportJobCreateDto extends CatalogJobDto {
  /** Used to scope the exported data: TMF630 filters, e.g. `lifecycleStatus=Launched&marketSegment.id=seg-smb`. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  query?: string;

  /** URL of the file containing the exported data: set by the server to where the export can be downloaded; a value sent by the client is replaced. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;
}

/** TMF620 ExportJob as returned by the API. */
@ApiSchema({ name: 'ExportJob' })
export class ExportJobDto extends ExportJobCreateDto {
  /** Identifier of the export job. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the export job. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}
