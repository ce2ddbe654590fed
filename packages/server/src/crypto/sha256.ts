import { createHash } from 'node:crypto';
import type { Sha256Hex } from '@lantern/core';

/** Node's native SHA-256: the same digest as core's portable one, about ten times faster. */
export const nodeSha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
