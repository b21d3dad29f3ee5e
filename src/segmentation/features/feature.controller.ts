import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ApiTmfErrors, ApiTmfList, rawQuery, setListHeaders } from '../../tmf/http';
import { project } from '../../tmf/projection';
import { matches } from '../../tmf/query/matcher';
import { parseListQuery } from '../../tmf/query/query-parser';
import { attributeTree } from '../../tmf/schema/attribute-tree';
import { FeatureDto } from '../dto/feature.dto';
import { SEGMENTATION_API } from '../segment/market-segment.resource';
import { ProductFamiliesRepository } from './product-families.repository';

const PATH = `${SEGMENTATION_API.basePath}/feature`;

/**
 * `GET /bss/segmentation/v1/feature`: the features rules may test, for the current product families, as a TMF630
 * list (filters, fields, sort, paging) computed in memory: the catalog is small and code-defined, not a table.
 */
@ApiTags('Segmentation')
@Controller(PATH.slice(1))
export class FeatureController {
  constructor(
    private readonly families: ProductFamiliesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Lists the customer features segment rules may test',
    description: 'Base features, then per product family (one per TMF620 category name) `usageVolume.<family>` and `usageShare.<family>`.',
    operationId: 'listFeature',
  })
  @ApiTmfList()
  @ApiOkResponse({ type: [FeatureDto] })
  @ApiTmfErrors(400, 500, 503)
  async list(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = rawQuery(req);
    const query = parseListQuery(raw, attributeTree(FeatureDto));
    const catalog = await this.families.catalog();
    let features = [...catalog.values()].map(({ name, meaning, unit, type }) => ({ name, meaning, unit, type }));
    features = features.filter((f) => matches(f, query.filters));
    // stable sorts, last key first; a null unit sorts last either way, as NULLS LAST does in the SQL lists
    for (const key of [...query.sort].reverse()) {
      const attr = key.path[0] as keyof typeof features[number];
      features.sort((a, b) => {
        const [x, y] = [a[attr], b[attr]];
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return (key.descending ? -1 : 1) * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    const page = query.limit === 0 ? [] : features.slice(query.offset, query.offset + query.limit);
    // the name identifies a feature: it stays in every projection
    const fields = query.fields && [['name'], ...query.fields];
    const items = page.map((f) => project(f, fields));
    setListHeaders(reply, { items, total: features.length, query }, `${this.config.publicBaseUrl}${PATH}`, raw);
    return items;
  }
}
