/** The MAGI architecture on DJL: DiT, VAE, text encoder, checkpoint loading. */
package studio.magi.engine.magi;
