/**
 * The launcher, {@link studio.magi.Main}: it opens the window ({@code ui}) or runs the command line ({@code cli}) and
 * is the only class outside those packages that may name them. Nothing depends on this package.
 */
package studio.magi;
