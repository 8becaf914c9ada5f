import { customAlphabet } from 'nanoid';

/** Statuspage-style ids: 12 lowercase alphanumerics, safe in URLs and file names. */
export const newId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);

export const ID_PATTERN = /^[0-9a-z]{1,64}$/;
