/**
 * Rendering on a cluster: a {@link studio.magi.render.RenderTarget} that submits each planned run as a Slurm job
 * ({@link studio.magi.render.farm.FarmTarget}), what such a job runs on its node
 * ({@link studio.magi.render.farm.NodeRender}), the clusters' settings, and the jobs a project has out there. The
 * project's folder is on storage the nodes share: they write each chunk into its {@code renders/} by content key.
 * Slurm is reached only through its own command line ({@code sbatch}, {@code squeue}, {@code scancel}); other
 * schedulers (OpenCue, Kubernetes Jobs) would be other targets behind the same seam.
 */
package studio.magi.render.farm;
