import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EntityRefDto, ExtensibleDto, RefLinkDto } from '../../tmf/dto/common.dto';

/** BillingAccount reference. A BillingAccount is a detailed description of a bill structure. */
@ApiSchema({ name: 'BillingAccountRef' })
export class BillingAccountRefDto extends EntityRefDto {}

/** A productOfferingQualification that has been executed previously. */
@ApiSchema({ name: 'ProductOfferingQualificationRef' })
export class ProductOfferingQualificationRefDto extends EntityRefDto {}

/** A productOfferingQualification item that has been executed previously. */
@ApiSchema({ name: 'ProductOfferingQualificationItemRef' })
export class ProductOfferingQualificationItemRefDto extends EntityRefDto {
  /** Reference of the related product offering qualification. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  productOfferingQualificationHref?: string;

  /** Unique identifier of the related product offering qualification. */
  @IsString()
  @MaxLength(200)
  productOfferingQualificationId!: string;

  /** Name of the related product offering qualification. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  productOfferingQualificationName?: string;
}

/** ProductOfferingPrice reference: an amount, usually of money, that is asked for or allowed when a ProductOffering is bought, rented, or leased. */
@ApiSchema({ name: 'ProductOfferingPriceRef' })
export class ProductOfferingPriceRefDto extends EntityRefDto {}

/** Agreement item reference: an item of a contract or arrangement, such as a service level agreement or a customer price agreement. */
@ApiSchema({ name: 'AgreementItemRef' })
export class AgreementItemRefDto extends EntityRefDto {
  /** Identifier of the agreement item. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agreementItemId?: string;
}

/** Refers an appointment, such as a customer presentation, an internal meeting or a site visit. */
@ApiSchema({ name: 'AppointmentRef' })
export class AppointmentRefDto extends ExtensibleDto {
  /** The identifier of the referred appointment. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** The reference of the appointment. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** An explanatory text regarding the appointment made with a party. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** Service reference, for when Service is used by other entities. */
@ApiSchema({ name: 'ServiceRef' })
export class ServiceRefDto extends EntityRefDto {}

/** Resource reference, for when Resource is used by other entities. */
@ApiSchema({ name: 'ResourceRef' })
export class ResourceRefDto extends EntityRefDto {
  /** The resource value that can be used to identify a resource with a public key (e.g. a telephone number, an MSISDN). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  value?: string;
}

/**
 * A place described by reference or by value, linked to an entity. The polymorphic attributes `@type`, `@schemaLocation`
 * and `@referredType` are related to the place entity and not to the RelatedPlaceRefOrValue class itself.
 */
@ApiSchema({ name: 'RelatedPlaceRefOrValue' })
export class RelatedPlaceRefOrValueDto extends RefLinkDto {
  /** Unique identifier of the place (absent for a place given by value). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Role of the place, such as installation address or delivery address. */
  @IsString()
  @MaxLength(200)
  role!: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** RelatedProductOrderItem (ProductOrder item): the product order item which triggered product creation, change or termination. */
@ApiSchema({ name: 'RelatedProductOrderItem' })
export class RelatedProductOrderItemDto extends ExtensibleDto {
  /** Action of the order item for this product. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  orderItemAction?: string;

  /** Identifier of the order item where the product was managed. */
  @IsString()
  @MaxLength(200)
  orderItemId!: string;

  /** Reference of the related product order. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  productOrderHref?: string;

  /** Unique identifier of the related product order. */
  @IsString()
  @MaxLength(200)
  productOrderId!: string;

  /** Role of the product order item for this product. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  role?: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/**
 * The reference object to the schema and type of target product which is described by product specification. TMF648's own:
 * unlike TMF620's it has `@baseType`.
 */
@ApiSchema({ name: 'TargetProductSchema' })
export class TargetProductSchemaDto {
  /** When sub-classing, this defines the super-class. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@baseType'?: string;

  /** This field provides a link to the schema describing the target product. */
  @IsString()
  @MaxLength(2000)
  '@schemaLocation'!: string;

  /** Class type of the target product. */
  @IsString()
  @MaxLength(200)
  '@type'!: string;
}

/**
 * Product specification reference: a detailed description of a tangible or intangible object made available externally in the
 * form of a ProductOffering. TMF648's own, as its TargetProductSchema differs from TMF620's.
 */
@ApiSchema({ name: 'ProductSpecificationRef' })
export class ProductSpecificationRefDto extends EntityRefDto {
  /** Version of the product specification. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** A target product schema reference: the schema and type of target product described by the product specification. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetProductSchemaDto)
  targetProductSchema?: TargetProductSchemaDto;
}
