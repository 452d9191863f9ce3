// QUEUE_DRIVER=memory: profile events go to the subscribers in this process (tests, an embedded
// run), as the CloudEvents RabbitMQ would carry. With none subscribed, they are dropped.
import type { EventPublisher, PendingEvent } from '../../domain/ports/event-outbox.js';
import { toCloudEvent, type CloudEventSettings, type ProfileCloudEvent } from '../events/cloud-events.js';

export type ProfileEventHandler = (event: ProfileCloudEvent) => void;

export class InProcessEventBus implements EventPublisher {
  private readonly handlers = new Set<ProfileEventHandler>();

  constructor(private readonly settings: CloudEventSettings) {}

  /** Calls `handler` with every event published from now on; the function returned stops it. */
  subscribe(handler: ProfileEventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  publish(events: readonly PendingEvent[]): Promise<void> {
    for (const event of events) {
      const cloudEvent = toCloudEvent(event, this.settings);
      for (const handler of this.handlers) handler(cloudEvent);
    }
    return Promise.resolve();
  }
}
