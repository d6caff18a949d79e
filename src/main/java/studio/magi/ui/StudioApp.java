package studio.magi.ui;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.render.LocalDevices;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;
import studio.magi.render.RenderTarget;
import studio.magi.render.farm.ClusterConfig;
import studio.magi.render.farm.FarmTarget;

/**
 * The studio application: a new untitled project, or the project folder given as {@code --project=DIR}. The model
 * loads in the background (one copy per device of {@code --devices=cpu,gpu0,...}, else the preferences', else the
 * first GPU or the CPU); the window is usable at once and renders once it has loaded. {@code --devices=cluster NAME}
 * renders on that cluster of clusters.json instead, the model loaded here only for its shape and words.
 */
public class StudioApp extends Application {
    /** Where the devices are named, "cluster NAME" names a cluster to render on. */
    static final String CLUSTER = "cluster ";

    private TaskExecutor tasks;
    private RenderService service;

    /** Opens the studio and returns when its window is closed. */
    public static void open(Path project, String devices) {
        java.util.List<String> args = new java.util.ArrayList<>();
        if (project != null) {
            args.add("--project=" + project);
        }
        if (devices != null) {
            args.add("--devices=" + devices);
        }
        Application.launch(StudioApp.class, args.toArray(String[]::new));
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        tasks = new FxTaskExecutor();
        StudioFolders folders = StudioFolders.ofUser();
        Renders renders = new Renders();
        StudioWindow window = new StudioWindow(stage, new StudioServices(tasks, FxDialogs::new, folders, renders));
        stage.show();
        String devices = getParameters().getNamed().get("devices");
        loadModel(renders, devices != null ? devices : new Preferences(folders.preferences()).devices());
        String project = getParameters().getNamed().get("project");
        if (project != null) {
            window.session().open(Path.of(project));
        } else {
            window.focusPrompt();
            window.session().recoverUnsaved();
        }
    }

    private void loadModel(Renders renders, String devices) {
        Path checkpoint = StudioFolders.builtInModel();
        Thread loader = new Thread(() -> {
            try {
                boolean farm = devices != null && devices.startsWith(CLUSTER);
                List<DeviceName> list = devices == null || devices.isBlank() || farm
                        ? List.of(Compute.devices().get(0)) : Compute.deviceList(devices);
                RenderModel model = RenderModel.of(checkpoint);
                ModelFactory models = ModelFactory.installed();
                DevicePool pool = DevicePool.open(list, d -> models.load(checkpoint, d));
                RenderTarget target;
                if (farm) {
                    target = new FarmTarget(ClusterConfig.ofUser().cluster(devices.substring(CLUSTER.length()).strip()),
                            pool, checkpoint, model);
                } else {
                    pool.warmUp();
                    target = new LocalDevices(pool);
                }
                RenderService s = new RenderService(target, model, renders.listener());
                Platform.runLater(() -> {
                    service = s;
                    renders.attach(s);
                });
            } catch (Exception | LinkageError e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                Platform.runLater(() -> renders.unavailable("The model cannot render: " + why));
            }
        }, "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    @Override
    public void stop() {
        if (service != null) {
            service.close();
        }
        if (tasks != null) {
            tasks.shutdown();
        }
    }
}
