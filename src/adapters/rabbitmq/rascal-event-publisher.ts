// QUEUE_DRIVER=rabbitmq: profile events as CloudEvents on the events exchange (EVENTS_EXCHANGE),
// routed by their type (profile.created...), over the task queue's connection and guard.
import type { EventPublisher, PendingEvent } from '../../domain/ports/event-outbox.js';
import { toCloudEvent, type CloudEventSettings } from '../events/cloud-events.js';
import type { RascalTaskQueue } from './rascal-task-queue.js';

export class RascalEventPublisher implements EventPublisher {
  constructor(
    private readonly broker: RascalTaskQueue,
    private readonly settings: CloudEventSettings,
  ) {}

  publish(events: readonly PendingEvent[]): Promise<void> {
    return this.broker.publishEvents(events.map((event) => ({ routingKey: event.type, event: toCloudEvent(event, this.settings) })));
  }
}
