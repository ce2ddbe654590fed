import type { Channel } from './channel.js';
import { httpsChannel } from './https.js';

export interface ChannelSettings {
  /** Allow plain http:// endpoints (loopback tests, a site's private network); default https only. */
  allowInsecureHttp: boolean;
}

/** The channels `lantern serve` sends through. Capabilities add theirs (mail, SMS) here. */
export function defaultChannels(settings: ChannelSettings): Channel[] {
  return [httpsChannel({ allowInsecure: settings.allowInsecureHttp })];
}
