import { Controller, Inject, Sse, type BeforeApplicationShutdown, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, inScope, Permission, type AgencyScope, type Principal } from '@vigil/auth';
import { filter, interval, map, merge, Subject, takeUntil, type Observable } from 'rxjs';
import { QueueFeed, type QueueChange } from '../../application/queue-feed';

/** Comments on an idle stream keep proxies from closing it. */
const KEEPALIVE_MS = 20000;

/** The live feed of queue changes for the console (server-sent events). */
@ApiTags('alert queue')
@Controller('v1/queue')
export class QueueFeedController implements BeforeApplicationShutdown {
  /** Ends every open stream when the service stops, so shutdown is not held up by listeners. */
  private readonly closing = new Subject<void>();

  constructor(@Inject(QueueFeed) private readonly feed: QueueFeed) {}

  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  @Sse('feed')
  @Permission('alerts:read')
  @ApiOperation({
    summary:
      'Server-sent events: every change to the queue the caller may see (alert received or triaged, item updated), from any instance',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Events of type `alert` or `queue-item`, data { type, id, item_id, organization_id, scope, action, state, at, version }; `ping` every 20 s',
  })
  changes(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    const scope = principal.scope;
    return merge(
      this.feed.changes().pipe(
        filter((change) => visible(change, scope)),
        map((change) => ({ type: change.type, data: present(change) })),
      ),
      interval(KEEPALIVE_MS).pipe(map(() => ({ type: 'ping', data: {} }))),
    ).pipe(takeUntil(this.closing));
  }
}

/** The same rule as the repository's: agency scopes see their agencies and never SOC-only changes. */
function visible(change: QueueChange, scope: AgencyScope): boolean {
  if (scope.kind === 'all') return true;
  return change.scope !== 'soc' && inScope(scope, change.organizationId);
}

function present(change: QueueChange): Record<string, unknown> {
  return {
    type: change.type,
    id: change.id,
    item_id: change.itemId,
    organization_id: change.organizationId,
    scope: change.scope,
    action: change.action,
    state: change.state,
    at: change.at,
    version: change.version,
  };
}
