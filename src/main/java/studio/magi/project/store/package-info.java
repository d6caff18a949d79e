/**
 * A project on disk: a folder with {@code project.json}, {@code media/} and {@code renders/}. Saves are atomic and keep
 * a backup; reading refuses anything it cannot fully trust, with a message naming the file, and writes nothing.
 */
package studio.magi.project.store;
