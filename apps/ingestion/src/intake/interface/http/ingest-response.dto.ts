import { ApiProperty } from '@nestjs/swagger';

export class RejectedLineDto {
  @ApiProperty({ description: 'Line number in the body (1-based); element index + 1 for a JSON array' })
  line!: number;
  @ApiProperty({ description: 'Stable error code, e.g. INVALID_HEADER, LINE_TOO_LONG' })
  code!: string;
  @ApiProperty({ description: 'What was wrong and where' })
  reason!: string;
}

export class IngestResponseDto {
  @ApiProperty({ description: 'Events Kafka has acknowledged' })
  accepted!: number;
  @ApiProperty({
    type: [RejectedLineDto],
    description: 'Lines that did not parse; kept in the dead-letter queue',
  })
  rejected!: RejectedLineDto[];
}
