import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { SystemDirectory } from '../../application/system-directory';
import { directoryAgencyOf, directorySystemOf } from '../../domain/directory-system';

/**
 * vigil.directory.v1 (compacted) → the shared systems cache in Redis. One group for all instances
 * (the cache is shared, so one reader is enough), from the beginning of the topic on its first
 * start. Systems without a valid security level are skipped; of agencies, the name is kept.
 */
@Injectable()
export class DirectoryConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(SystemDirectory) private readonly directory: SystemDirectory,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: 'incidents-directory',
      topic: Topics.DirectoryV1,
      fromBeginning: true,
      handle: async (messages) => {
        for (const message of messages) {
          const system = directorySystemOf(message.value);
          if (system) await this.directory.apply(system);
          const agency = directoryAgencyOf(message.value);
          if (agency) await this.directory.applyAgency(agency);
        }
        return undefined;
      },
    });
  }
}
