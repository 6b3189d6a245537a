/// <reference types="astro/client" />

declare namespace App {
  /** What the origin hands every on-demand page (src/origin/astro-pages.ts). */
  interface Locals {
    services: import('./http/types.ts').RequestServices;
    account: import('./domain/accounts.ts').Account | null;
    csrf: string | null;
  }
}
