/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The published read model, handed in by the publisher (pages never query the database). */
    model: import('../api/core/model.ts').SiteModel;
    /** Canonical origin, e.g. `https://status.example.jp`. */
    siteUrl: string;
    /** The operator API's operations, for the reference pages (absent: they link to the document instead). */
    apiReference?: import('../api/publish/api-reference.ts').ApiReference;
  }
}
