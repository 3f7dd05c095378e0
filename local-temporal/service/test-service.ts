import { durationMs, type google, timestamp, timestampMs } from '../proto';
import type { Engine } from '../model/engine';

/** TestService: time locking and skipping, as TestWorkflowEnvironment.createTimeSkipping uses it. */
export const testServiceHandlers = {
  LockTimeSkipping(engine: Engine) {
    engine.clock.lock();
    return {};
  },
  UnlockTimeSkipping(engine: Engine) {
    engine.clock.unlock();
    return {};
  },
  async UnlockTimeSkippingWithSleep(engine: Engine, r: { duration?: google.protobuf.IDuration | null }) {
    await engine.clock.sleep(durationMs(r.duration));
    return {};
  },
  async SleepUntil(engine: Engine, r: { timestamp?: google.protobuf.ITimestamp | null }) {
    await engine.clock.passed(Math.max(0, timestampMs(r.timestamp) - engine.now()));
    return {};
  },
  GetCurrentTime(engine: Engine) {
    return { time: timestamp(engine.now()) };
  },
  async Sleep(engine: Engine, r: { duration?: google.protobuf.IDuration | null }) {
    await engine.clock.passed(durationMs(r.duration));
    return {};
  },
};
