import { reachEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import * as messages from './messages.service';

export function reachRoutes(app: FastifyInstance, deps: AppDeps) {
  // Anyone signed in, for their own messages only.
  const own = { config: { authenticated: true } } as const;
  const deliveries = { config: { permission: 'reach.deliveries' } } as const;

  route(app, reachEndpoints.inbox, own, async (request) => messages.inbox(deps, contextOf(request), request.query));
  route(app, reachEndpoints.unreadCount, own, async (request) => messages.unreadCount(deps, contextOf(request)));
  route(app, reachEndpoints.markRead, own, async (request) =>
    messages.markRead(deps, contextOf(request), request.body),
  );
  route(app, reachEndpoints.preferences, own, async (request) => messages.preferences(deps, contextOf(request)));
  route(app, reachEndpoints.setPreferences, own, async (request) =>
    messages.setPreferences(deps, contextOf(request), request.body),
  );
  route(app, reachEndpoints.deliveries, deliveries, async (request) =>
    messages.deliveries(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.retryDelivery, deliveries, async (request) =>
    messages.retryDelivery(deps, contextOf(request), request.params.id),
  );
}
