import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RuleCatalog } from '../../application/rule-catalog';

/**
 * Hot reload: every detection instance reads every rule change (a consumer group of its own,
 * from the beginning of the compacted topic, so a new instance gets every rule's latest state)
 * and applies it to its catalog within moments, without a restart. The group is new on every
 * start (so it always reads from the beginning) and deleted on shutdown (so they do not pile up).
 */
@Injectable()
export class RuleChangesConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(RuleCatalog) private readonly catalog: RuleCatalog,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: `detection-rules-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      topic: Topics.RulesV1,
      fromBeginning: true,
      deleteGroupOnStop: true,
      handle: (messages) => {
        for (const message of messages) this.catalog.apply(message.value);
        return Promise.resolve(undefined);
      },
    });
  }
}
