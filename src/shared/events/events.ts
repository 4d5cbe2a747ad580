import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { EventMap, EventName } from './event-map';

/** Typed events between modules: `events.emit('support.modules_set', payload)`. */
@Injectable()
export class Events {
  constructor(private readonly emitter: EventEmitter2) {}

  /** Runs every listener and waits for them; a listener's error is the emitter's error. */
  async emit<K extends EventName>(name: K, payload: EventMap[K]): Promise<unknown[]> {
    return this.emitter.emitAsync(name, payload);
  }
}

/** Marks a method of a module's `*.listeners.ts` as the reaction to an event. */
export const Listen = (name: EventName) => OnEvent(name, { suppressErrors: false });
