import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTmfErrors } from '../../tmf/http';
import { SegmentPreviewDto, SegmentPreviewInputDto } from '../dto/segment-preview.dto';
import { MARKET_SEGMENT } from './market-segment.resource';
import { MarketSegmentService } from './market-segment.service';

export const SEGMENTATION_TAG = 'Segmentation';

/** `POST /bss/segmentation/v1/marketSegment/{id}/preview` (the CRUD operations are the toolkit's). */
@ApiTags(SEGMENTATION_TAG)
@Controller(`${MARKET_SEGMENT.basePath.slice(1)}/${MARKET_SEGMENT.name}`)
export class MarketSegmentController {
  constructor(private readonly segments: MarketSegmentService) {}

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Previews a segment rule: who would enter and leave if it were activated now',
    description:
      'Evaluates the segment\'s rule, or the `rule` given in the body (an edit not yet saved), over the customers\' current ' +
      'features and compares the result with the current members: counts and a sample of each side. Nothing is changed. ' +
      'Learned segments have no rule and cannot be previewed.',
    operationId: 'previewMarketSegment',
  })
  @ApiBody({ type: SegmentPreviewInputDto, required: false })
  @ApiOkResponse({ type: SegmentPreviewDto })
  @ApiTmfErrors(400, 404, 413, 415, 500, 503)
  preview(@Param('id') id: string, @Body() body?: SegmentPreviewInputDto) {
    return this.segments.preview(id, body?.rule);
  }
}
