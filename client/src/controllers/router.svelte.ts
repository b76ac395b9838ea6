/** Which screen is open, kept in the URL's hash so reload and the back button work without a server route. */
export class Router {
  screen = $state<string>('');

  /** `screens` are the ids a hash may name; the first is the home screen (screens.ts lists them). */
  constructor(
    private readonly location: Pick<Location, 'hash'> | null = globalThis.location ?? null,
    private readonly screens: readonly string[] = ['explorer'],
  ) {
    this.screen = this.fromHash();
    globalThis.addEventListener?.('hashchange', () => {
      if (this.location) this.screen = this.fromHash();
    });
  }

  go(screen: string): void {
    this.screen = screen;
    if (this.location && this.fromHash() !== screen) this.location.hash = `#/${screen}`;
  }

  private fromHash(): string {
    const id = this.location?.hash.replace(/^#\/?/, '') ?? '';
    return this.screens.includes(id) ? id : this.screens[0];
  }
}
