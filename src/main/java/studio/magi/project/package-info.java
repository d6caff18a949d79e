/** The domain: Project, Shot, Chunk, conditioning, persistence and undoable commands. Imports nothing of the other packages. */
package studio.magi.project;
