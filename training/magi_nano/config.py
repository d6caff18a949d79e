"""The nano model's architecture and sampling settings, named like the reference's config.json."""


def vae_config(smoke=False):
    return {
        "video_size_h": 32,
        "video_size_w": 32,
        "temporal_downsample_factor": 4,
        "spatial_downsample_factor": 4,
        "latent_channels": 8,
        "hidden_size": 32 if smoke else 128,
        "num_layers": 1 if smoke else 4,
        "num_heads": 4,
        "unpatch_channels": 4 if smoke else 8,
    }


def text_config(vocab_size, smoke=False):
    return {
        "vocab_size": vocab_size,
        "hidden_size": 32 if smoke else 128,
        "num_layers": 1 if smoke else 2,
        "num_heads": 4,
        "ffn_hidden_size": 64 if smoke else 256,
        "relative_attention_num_buckets": 16,
        "relative_attention_max_distance": 32,
        "caption_max_length": 24,
    }


def model_config(smoke=False):
    return {
        "model_name": "videodit_ardf_nano",
        "num_layers": 1 if smoke else 6,
        "hidden_size": 64 if smoke else 256,
        "ffn_hidden_size": 128 if smoke else 1024,
        "num_attention_heads": 4,
        "num_query_groups": 2,
        "kv_channels": 16 if smoke else 64,
        "layernorm_epsilon": 1e-6,
        "apply_layernorm_1p": True,
        "x_rescale_factor": 1,
        "patch_size": 2,
        "t_patch_size": 1,
        "in_channels": 8,
        "out_channels": 8,
        "cond_hidden_ratio": 0.25,
        "caption_channels": 32 if smoke else 128,
        "caption_max_length": 24,
        "xattn_cond_hidden_ratio": 1.0,
        "cond_gating_ratio": 1.0,
        "gated_linear_unit": False,
        "softcap_gate_cap": 1.0,
        "rope_temperature": 10000.0,
        "rope_ref_grid": 16,
    }


def runtime_config():
    return {
        "cfg_number": 1,
        "cfg_t_range": [0.0, 0.0217, 0.1, 0.3, 0.999],
        "prev_chunk_scales": [1.5, 1.5, 1.5, 1.0, 1.0],
        "text_scales": [7.5, 7.5, 7.5, 0.0, 0.0],
        "noise2clean_kvrange": [5, 4, 3, 2],
        "clean_chunk_kvrange": 1,
        "clean_t": 0.9999,
        "seed": 1234,
        "num_frames": 96,
        "video_size_h": 32,
        "video_size_w": 32,
        "num_steps": 8,
        "window_size": 2,
        "fps": 24,
        "chunk_width": 6,
        "t_schedule_func": "sd3",
        "t_schedule_shift": 3.0,
        "scale_factor": 1.0,
        "temporal_downsample_factor": 4,
        "t5_pretrained": "text_encoder",
        "vae_pretrained": "vae",
    }
