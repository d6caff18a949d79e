/**
 * The command line ({@code generate}, {@code eval}, {@code bench}, {@code export}, {@code playground}...) with
 * picocli. It may use {@code render}, {@code engine} (with {@code engine.magi}), {@code playground}, {@code media},
 * {@code project} and {@code about}, never {@code ui}: it opens the window through the launcher's
 * {@link studio.magi.cli.StudioLauncher}.
 */
package studio.magi.cli;
