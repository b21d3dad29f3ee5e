import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ProductOfferingRefDto } from '../../catalog/dto/catalog-refs.dto';
import { CharacteristicDto, ExtensibleDto, QuantityDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { ProductPriceDto } from './quote-price.dto';
import {
  AgreementItemRefDto,
  BillingAccountRefDto,
  ProductSpecificationRefDto,
  RelatedPlaceRefOrValueDto,
  RelatedProductOrderItemDto,
  ResourceRefDto,
  ServiceRefDto,
} from './quote-refs.dto';

/**
 * Valid values for the status of a product (TMF648 ProductStatusType). The spec's enum spells `aborted ` with a trailing space:
 * that value is accepted as the spec has it, and so is `aborted`.
 */
export const PRODUCT_STATUSES = ['created', 'pendingActive', 'cancelled', 'active', 'pendingTerminate', 'terminated', 'suspended', 'aborted ', 'aborted'];

/** Description of a productTerm linked to this product: a commitment with a duration. */
@ApiSchema({ name: 'ProductTerm' })
export class ProductTermDto extends ExtensibleDto {
  /** Description of the productTerm. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name of the productTerm. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Duration of the productTerm. */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  duration?: QuantityDto;

  /** productTerm validity period. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/**
 * A product to be created defined by value, or an existing one defined by reference. The polymorphic attributes `@type`,
 * `@schemaLocation` and `@referredType` are related to the product entity and not to the ProductRefOrValue class itself.
 */
@ApiSchema({ name: 'ProductRefOrValue' })
export class ProductRefOrValueDto extends ExtensibleDto {
  /** Unique identifier of the product. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Reference of the product. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Is the description of the product. It could be copied from the description of the Product Offering. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** If true, the product is a ProductBundle, an instantiation of a BundledProductOffering; if false, a ProductComponent, an instantiation of a SimpleProductOffering. */
  @IsOptional()
  @IsBoolean()
  isBundle?: boolean;

  /** If true, the product is visible by the customer. */
  @IsOptional()
  @IsBoolean()
  isCustomerVisible?: boolean;

  /** Name of the product. It could be the same as the name of the product offering. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Is the date when the product was ordered. */
  @IsOptional()
  @IsDateTime()
  orderDate?: string;

  /** Is the serial number for the product. This is typically applicable to tangible products e.g. Broadband Router. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  productSerialNumber?: string;

  /** Is the date from which the product starts. */
  @IsOptional()
  @IsDateTime()
  startDate?: string;

  /** Is the date when the product was terminated. */
  @IsOptional()
  @IsDateTime()
  terminationDate?: string;

  /** Items of agreements the product is subject to. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgreementItemRefDto)
  agreement?: AgreementItemRefDto[];

  /** The billing account the product is charged to. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto;

  /** Places related to the product, such as its installation address. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPlaceRefOrValueDto)
  place?: RelatedPlaceRefOrValueDto[];

  /** The products (by reference or by value) bundled in this product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductRefOrValueDto)
  product?: ProductRefOrValueDto[];

  /** The characteristics (name/value pairs) of the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CharacteristicDto)
  productCharacteristic?: CharacteristicDto[];

  /** The product offering the product is an instance of. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingRefDto)
  productOffering?: ProductOfferingRefDto;

  /** The product order items which created or changed the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedProductOrderItemDto)
  productOrderItem?: RelatedProductOrderItemDto[];

  /** The prices paid for the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductPriceDto)
  productPrice?: ProductPriceDto[];

  /** Products linked to this one, such as bundled products or products it relies on. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductRelationshipDto)
  productRelationship?: ProductRelationshipDto[];

  /** The product specification of the product. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductSpecificationRefDto)
  productSpecification?: ProductSpecificationRefDto;

  /** Commitments (with a duration) linked to the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductTermDto)
  productTerm?: ProductTermDto[];

  /** The resources realizing the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ResourceRefDto)
  realizingResource?: ResourceRefDto[];

  /** The services realizing the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceRefDto)
  realizingService?: ServiceRefDto[];

  /** Parties playing a role for the product. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];

  /** Is the lifecycle status of the product (ProductStatusType). */
  @IsOptional()
  @ApiProperty({ required: false, enum: PRODUCT_STATUSES, enumName: 'ProductStatusType' }) // the plugin cannot infer an enum from IsIn
  @IsIn(PRODUCT_STATUSES)
  status?: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/**
 * A product linked to the one instantiated: [bundled] if the product is a bundle and this describes the bundled products inside it;
 * [reliesOn] if the product needs another already owned product to rely on (e.g. an option on an already owned mobile access
 * product); [targets] or [isTargeted] for any other kind of link.
 */
@ApiSchema({ name: 'ProductRelationship' })
export class ProductRelationshipDto extends ExtensibleDto {
  /** Type of the product relationship, such as bundled, reliesOn, targets or isTargeted. */
  @IsString()
  @MaxLength(200)
  relationshipType!: string;

  /** The related product (by reference or by value). */
  @IsDefined()
  @ValidateNested()
  @Type(() => ProductRefOrValueDto)
  product!: ProductRefOrValueDto;
}
